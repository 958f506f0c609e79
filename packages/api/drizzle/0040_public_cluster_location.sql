-- The public cluster answers gain `location`: the documents stored before it are built again
-- (a read builds an emptied row first), with a new version so that no ETag of the old bytes holds.
UPDATE public_documents SET item = NULL, item_alt = NULL, detail = NULL, detail_alt = NULL, version = version + 1
  WHERE kind = 'cluster';
