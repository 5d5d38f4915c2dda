/**
 * server.ts writes the socket's remote address into this request header
 * (replacing anything a client sent under that name), because Next.js does
 * not show route code the socket. lib/client-ip.ts reads it.
 */
export const PEER_ADDRESS_HEADER = 'x-kontor-peer-address';
