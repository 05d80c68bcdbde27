// Naming characters for messages: the one table lives in protocol/charNames.ts, where the page
// reaches it too (it names invisible characters in single tokens); data/ keeps this path.
export { codePointLabel, listChars, nameChar } from '../protocol/charNames';
