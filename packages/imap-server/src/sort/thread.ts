/**
 * THREAD (RFC 5256): ORDEREDSUBJECT and REFERENCES (its §4 algorithm:
 * link by References / In-Reply-To, prune empty containers, gather the
 * roots by base subject, sort by date). REFS is answered like REFERENCES.
 */
import type { MessageRecord } from '../storage.ts';
import { baseSubject, isReplySubject } from './base-subject.ts';
import { sentTime } from './sort.ts';

export interface ThreadNode {
  /** null: a dummy (a message the mailbox does not hold). */
  record: MessageRecord | null;
  children: ThreadNode[];
  parent?: ThreadNode | null;
}

export interface ThreadInput {
  record: MessageRecord;
  subject: string;
  messageId: string;
  /** References, oldest first, then In-Reply-To when there are none. */
  references: string[];
}

/** The message a node sorts as: its own, or for a dummy its first child's (RFC 5256 REFERENCES step 6). */
function sortRecord(node: ThreadNode): MessageRecord | null {
  if (node.record) return node.record;
  const first = node.children[0];
  return first ? sortRecord(first) : null;
}

/**
 * By sent date; equal dates by sequence number, i.e. ascending UID (RFC 5256
 * §2.2), a dummy's included: it ties as its first child, not ahead of all.
 */
function byDate(a: ThreadNode, b: ThreadNode): number {
  const x = sortRecord(a);
  const y = sortRecord(b);
  return (x ? sentTime(x) : 0) - (y ? sentTime(y) : 0) || (x?.uid ?? 0) - (y?.uid ?? 0);
}

export function orderedSubject(inputs: readonly ThreadInput[]): ThreadNode[] {
  const groups = new Map<string, ThreadInput[]>();
  for (const input of [...inputs].sort((a, b) => sentTime(a.record) - sentTime(b.record) || a.record.uid - b.record.uid)) {
    const key = baseSubject(input.subject);
    const group = groups.get(key) ?? [];
    group.push(input);
    groups.set(key, group);
  }
  const roots = [...groups.values()].map((group): ThreadNode => {
    const [first, ...rest] = group;
    return { record: first!.record, children: rest.map((r) => ({ record: r.record, children: [] })) };
  });
  return roots.sort(byDate);
}

/** `<a@b> <c@d>` → ['<a@b>', '<c@d>']. */
export function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}

function isAncestor(node: ThreadNode, candidate: ThreadNode): boolean {
  for (let p: ThreadNode | null | undefined = node; p; p = p.parent) if (p === candidate) return true;
  return false;
}

function link(parent: ThreadNode, child: ThreadNode): void {
  if (child.parent === parent || isAncestor(parent, child)) return;
  if (child.parent) child.parent.children = child.parent.children.filter((c) => c !== child);
  child.parent = parent;
  parent.children.push(child);
}

export function references(inputs: readonly ThreadInput[]): ThreadNode[] {
  const containers = new Map<string, ThreadNode>();
  const container = (id: string) => {
    let node = containers.get(id);
    if (!node) {
      node = { record: null, children: [], parent: null };
      containers.set(id, node);
    }
    return node;
  };
  let unique = 0;
  // (1) link every message into the tree.
  for (const input of [...inputs].sort((a, b) => a.record.uid - b.record.uid)) {
    let own = input.messageId ? container(input.messageId) : undefined;
    if (!own || own.record) own = container(`<unique-${unique++}@kontor>`);
    own.record = input.record;
    let previous: ThreadNode | undefined;
    for (const id of input.references) {
      const ref = container(id);
      if (previous && !ref.parent && !isAncestor(previous, ref)) link(previous, ref);
      previous = ref;
    }
    if (own.parent) own.parent.children = own.parent.children.filter((c) => c !== own);
    own.parent = null;
    if (previous && previous !== own && !isAncestor(previous, own)) link(previous, own);
  }
  // (2) the root set.
  let roots = [...containers.values()].filter((n) => !n.parent);
  // (3) prune empty containers.
  const prune = (nodes: ThreadNode[], atRoot: boolean): ThreadNode[] => {
    const out: ThreadNode[] = [];
    for (const node of nodes) {
      node.children = prune(node.children, false);
      if (node.record) out.push(node);
      else if (node.children.length === 0) continue;
      else if (!atRoot || node.children.length === 1) {
        for (const child of node.children) child.parent = atRoot ? null : (node.parent ?? null);
        out.push(...node.children);
      } else out.push(node);
    }
    return out;
  };
  roots = prune(roots, true);
  // (5) gather roots with the same base subject.
  const subjectOf = new Map(inputs.map((i) => [i.record.uid, i.subject]));
  const rawSubject = (node: ThreadNode) => subjectOf.get((node.record ?? node.children[0]?.record)?.uid ?? -1) ?? '';
  const table = new Map<string, ThreadNode>();
  for (const root of roots) {
    const subject = baseSubject(rawSubject(root));
    if (!subject) continue;
    const current = table.get(subject);
    if (!current || (root.record === null && current.record !== null) || (isReplySubject(rawSubject(current)) && !isReplySubject(rawSubject(root)))) {
      table.set(subject, root);
    }
  }
  const merged: ThreadNode[] = [];
  for (const root of roots) {
    const subject = baseSubject(rawSubject(root));
    const target = subject ? table.get(subject) : undefined;
    if (!target || target === root) {
      merged.push(root);
      continue;
    }
    if (target.record === null && root.record === null) {
      for (const child of root.children) link(target, child);
    } else if (target.record === null) {
      link(target, root);
    } else if (isReplySubject(rawSubject(root)) && !isReplySubject(rawSubject(target))) {
      link(target, root);
    } else {
      // Neither is the other's reply: both under a new dummy in the target's place.
      const dummy: ThreadNode = { record: null, children: [], parent: null };
      const index = merged.indexOf(target);
      link(dummy, target);
      link(dummy, root);
      table.set(subject, dummy);
      if (index >= 0) merged[index] = dummy;
      else merged.push(dummy);
    }
  }
  // (6) sort siblings and roots by date.
  const sortTree = (nodes: ThreadNode[]) => {
    for (const node of nodes) sortTree(node.children);
    nodes.sort(byDate);
  };
  const result = merged.filter((n) => !n.parent);
  sortTree(result);
  return result;
}

/** The THREAD response text: `(2)(3 6 (4 23)(44 7 96))`, numbers from `number(record)`. */
export function formatThreads(nodes: readonly ThreadNode[], number: (record: MessageRecord) => number): string {
  const one = (node: ThreadNode): string => {
    const parts: string[] = [];
    let current = node;
    for (;;) {
      if (current.record) parts.push(String(number(current.record)));
      if (current.children.length === 1) {
        current = current.children[0]!;
        continue;
      }
      if (current.children.length > 1) parts.push(current.children.map(one).join(''));
      break;
    }
    return `(${parts.join(' ')})`;
  };
  return nodes.map(one).join('');
}
