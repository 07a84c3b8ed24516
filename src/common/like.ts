/** `text` as a LIKE pattern matching it literally: %, _ and \ lose their wildcard meaning. Use with LIKE_ESCAPE. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Works the same on SQLite (no default escape character) and PostgreSQL (standard_conforming_strings). */
export const LIKE_ESCAPE = "ESCAPE '\\'";
