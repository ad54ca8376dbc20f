// The server's identifier validators, bundled as they are: the form and the editor accept exactly what the server accepts.
export { identifierFormats } from '../../../server/src/schemas/formats/index.js';
