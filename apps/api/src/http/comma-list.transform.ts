/**
 * A `class-transformer` `@Transform` for list query parameters: `type=A,B` and `type=A&type=B` (which fastify parses
 * as an array) alike, items trimmed, empty ones dropped.
 */
export const commaList = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value])
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');
