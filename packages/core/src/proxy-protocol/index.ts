export { type ProxyHeader, type ProxyHeaderParse, parseProxyHeader, V1_MAX_LENGTH, V2_MAX_LENGTH } from './parse-header.ts';
export { ProxyHeaderError, type ReadProxyHeaderOptions, readProxyHeader } from './read-header.ts';
export { type Network, parseNetwork, trustedNetworks, unmapIpv4 } from './trusted-networks.ts';
