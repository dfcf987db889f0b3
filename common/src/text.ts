// Where an offset in a document's text is, counted as editors count: "\r\n", "\n" and a lone "\r" each end a
// line. One count for the send refusal, lint and the configuration file's problems, so all name the same line.

/** The offset each line starts at (the first is 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}

/** 0-based line and character (UTF-16 code units, as editors count) of an offset, given the text's lineStarts. */
export function position(starts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - (starts[low] ?? 0) };
}
