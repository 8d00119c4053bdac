import { v7 } from 'uuid';

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds first. Rows created together get
 * neighbouring ids, so a bulk insert appends to the primary-key index instead of touching a random
 * leaf page per row, which matters once the index no longer fits in memory.
 */
export const uuid7 = (now = Date.now()): string => v7({ msecs: now });
