// One sanitiser for every human-readable output (tables, case show, history, messages).
// Record text and git metadata are written by people and may hold terminal escape
// sequences or line breaks; printed raw they could retitle or clear the reader's
// terminal, or forge table rows.

/**
 * Text made safe for a terminal: control characters (C0, DEL, C1, line and paragraph
 * separators), which could move the cursor or recolour the screen, become visible
 * `\uXXXX` escapes; runs of CR, LF and tab become one space so a value stays on its row.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/[\r\n\t]+/g, ' ');
}
