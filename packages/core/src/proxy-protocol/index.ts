export { parseProxyHeader, V1_MAX_LENGTH, V2_MAX_LENGTH, type ProxyHeader, type ProxyHeaderParse } from './parse-header.ts';
export { readProxyHeader, ProxyHeaderError, type ReadProxyHeaderOptions } from './read-header.ts';
export { parseNetwork, trustedNetworks, unmapIpv4, type Network } from './trusted-networks.ts';
