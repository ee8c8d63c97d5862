// After an import: per bundle file written, its digest and rows, and how many row hashes
// the store holds for it, with their sum (see cypher/imported_files.cypher).
UNWIND $files AS file
MERGE (f:ImportedFile {name: file.name})
SET f.digest = file.digest, f.rows = file.rows, f.hashed = file.hashed,
    f.hash_sum = file.hash_sum
