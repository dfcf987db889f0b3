// Graph's metadata as the product reads it: the generated type map (schemas/graph-types.json), loaded once per
// process and handed to the core by every shell (language server, command line, the sending core).
import typeMapJson from '../../schemas/graph-types.json';
import { TypeRegistry } from '../../core/src';

export const TYPES = new TypeRegistry(typeMapJson);
