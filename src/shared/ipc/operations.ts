// Zod-free, for the preload: an operation's channel. The operation names are the keys of
// the contract (./contract.ts).
export const channelOf = (op: string): string => `keywarden:${op}`;
