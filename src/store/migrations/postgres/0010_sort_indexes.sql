-- 0010: the list's other orders (store/list_order.hpp) walk an index from the cursor on: each
-- sort value, then the name's sort key. The status order is the very expression of kStatusRank.
CREATE INDEX org_latest_by_code ON org_latest (registry_code);
CREATE INDEX org_latest_by_founding ON org_latest (founded_on, sort_key);
CREATE INDEX org_latest_by_unit_sort ON org_latest (unit_code, sort_key);
CREATE INDEX org_latest_by_status_rank ON org_latest ((CASE status WHEN 'operating' THEN '0' WHEN 'suspended' THEN '1' WHEN 'not_at_address' THEN '2' WHEN 'dissolving' THEN '3' WHEN 'dissolved' THEN '4' WHEN 'ended_by_reorganisation' THEN '5' WHEN 'bankrupt' THEN '6' WHEN 'converted_to_enterprise' THEN '7' ELSE '9' END), sort_key);
