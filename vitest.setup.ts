// Unit tests run in Node, which has no IndexedDB; the worker's saved runs need one, as every
// browser has. An in-memory IndexedDB per test file stands in for it.
import 'fake-indexeddb/auto';
