-- What the server's role and the import role may do, granted by the owner after every migration (idempotent).
-- {app}: reads every published table, writes only the tables its features write, appends to the audit log
-- (never changes or deletes an entry), reads the staged imports. {import}: creates its staging tables in
-- atlas_import and nothing else (PostGIS's spatial_ref_sys and functions are PUBLIC already). Neither owns anything,
-- nor may read files or run programs on the host.
-- A table added by a later migration is added here too.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {app}, {import};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {app};
GRANT INSERT, UPDATE ON admin_unit, admin_unit_succession, village, model, adoption, household, evacuation_point, flood_event,
    needs_item, app_user, app_user_unit TO {app};
GRANT INSERT ON evacuation_point_status, evacuation_plan, evacuation_plan_household, evacuation_route_step, audit_log TO {app};
GRANT INSERT, UPDATE, DELETE ON app_session, sign_in_throttle TO {app};
GRANT DELETE ON app_user_unit TO {app};
GRANT INSERT, UPDATE ON api_token TO {app};
GRANT INSERT, UPDATE ON sos_request TO {app};
GRANT INSERT, UPDATE, DELETE ON idempotency_key TO {app};
GRANT DELETE ON household, evacuation_point, village TO {app};
-- closing a road changes only whether it is open and why, never its course or its class
GRANT UPDATE (is_open, closed_reason, closed_at, closed_by) ON road TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
GRANT USAGE ON SCHEMA atlas_import TO {app};
GRANT USAGE, CREATE ON SCHEMA atlas_import TO {import};
