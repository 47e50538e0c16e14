-- 0006: the points of each criterion of a rating, where the office has them ("1=7; 2=6; …",
-- domain::FormatRatingPoints); '' when none. The score is their sum when no total is stored.
ALTER TABLE yearly_figures ADD COLUMN rating_points TEXT NOT NULL DEFAULT '';
