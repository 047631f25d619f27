/** One SSE frame. `data` is one line of JSON (JSON.stringify never emits a raw newline). */
export function sseFrame(event: string, id: string | undefined, data: unknown): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
