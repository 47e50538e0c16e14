-- 0006: the points of each criterion of a rating ("1=7; 2=6; …", domain::FormatRatingPoints);
-- '' when none. As migrations/0006_rating_points.sql for SQLite.
ALTER TABLE yearly_figures ADD COLUMN rating_points TEXT NOT NULL DEFAULT '';
