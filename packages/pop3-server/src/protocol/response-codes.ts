/**
 * Response codes (RFC 2449 §8, RFC 3206): the bracketed word after `-ERR`
 * that tells a client what kind of failure it got, so it can act without
 * parsing the human text.
 *
 *   IN-USE       authenticated, but another session holds the maildrop
 *   LOGIN-DELAY  authenticated, but logged in again too soon
 *   SYS/TEMP     a temporary system problem: try again later
 *   SYS/PERM     a permanent system problem: do not retry
 *   AUTH         the credentials (or the way they were sent) are the problem
 */
export type ResponseCode = 'IN-USE' | 'LOGIN-DELAY' | 'SYS/TEMP' | 'SYS/PERM' | 'AUTH';
