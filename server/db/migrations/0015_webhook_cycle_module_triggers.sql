-- Webhook capture for cycles and modules (tables of 0010 and 0011), with the trigger function of
-- 0014_webhooks.sql. Not announced: display-only columns (sort_order, view_props) and the progress
-- snapshot a transfer of unfinished items writes.
CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON cycles
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('cycle', 'sort_order,view_props,progress_snapshot');
CREATE TRIGGER webhook_capture AFTER INSERT OR UPDATE OR DELETE ON modules
  FOR EACH ROW EXECUTE FUNCTION webhook_capture('module', 'sort_order,view_props');
