// The server's identifier validators, bundled as they are: the form accepts exactly what the server accepts.
export { identifierFormats } from '../../../server/src/schemas/formats/index.js';
