-- Accounts that existed before people chose a language keep the one their partner works in
-- (the partner's country: BIC and CIT in Germany, LOP and ESNB in Poland).
UPDATE "users" SET "language" = CASE
  WHEN "partner" IN ('BIC', 'CIT') THEN 'de'
  WHEN "partner" IN ('LOP', 'ESNB') THEN 'pl'
  ELSE 'en'
END;
