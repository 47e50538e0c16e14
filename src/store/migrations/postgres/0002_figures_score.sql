-- 0002 (PostgreSQL): the score of a yearly assessment, under the scheme named in rating_scheme.
ALTER TABLE yearly_figures ADD COLUMN rating_score bigint;
