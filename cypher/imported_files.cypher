// What the last import of each bundle file left: the file's digest and rows, and how
// many of its records' row hashes the store then held, with their sum. An import of a
// file with that digest into a store still holding that skips the file whole.
MATCH (f:ImportedFile)
RETURN f.name AS name, f.digest AS digest, f.rows AS rows, f.hashed AS hashed,
       f.hash_sum AS hash_sum
