// Checks on JSON as Graph (or a file) gave it, before it is used as what it should be.

/** A JSON object: not null, not a list. */
export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
