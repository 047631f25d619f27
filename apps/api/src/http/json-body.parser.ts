import type { FastifyInstance } from 'fastify';
import { AppException } from '../errors/app.exception';

/**
 * Replaces fastify's JSON parser with one that keeps its protections (prototype poisoning) but reports problems
 * the way HubSpot does: 400 "Invalid JSON input: …" with the parser's reason.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const secureParse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // An empty body is no body: routes that bind one refuse it (see the validation pipe), action routes accept it.
    if (text.trim().length === 0) {
      done(null, undefined);
      return;
    }
    secureParse(request, text, (error, value) => {
      if (error) done(new AppException('INVALID_JSON', `Invalid JSON input: ${reasonOf(text, error)}`), undefined);
      else done(null, value);
    });
  });
}

/** fastify's own message is generic; JSON.parse says where the text goes wrong. */
function reasonOf(text: string, error: Error): string {
  try {
    JSON.parse(text);
  } catch (syntaxError) {
    if (syntaxError instanceof SyntaxError) return syntaxError.message;
  }
  // Valid JSON that fastify refused: a __proto__ or constructor.prototype key.
  return error.message;
}
