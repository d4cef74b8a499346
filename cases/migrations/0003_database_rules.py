"""Rules the database keeps even when the application is bypassed: a BSN passes the elfproef, and a
vastgesteld PIP version (with its goals and actions) cannot be changed, only superseded."""

from django.db import migrations

SQL = r"""
ALTER TABLE cases_statushouder ADD CONSTRAINT statushouder_bsn_elfproef CHECK (
    bsn ~ '^[0-9]{9}$' AND (
        9 * substr(bsn, 1, 1)::int + 8 * substr(bsn, 2, 1)::int + 7 * substr(bsn, 3, 1)::int
        + 6 * substr(bsn, 4, 1)::int + 5 * substr(bsn, 5, 1)::int + 4 * substr(bsn, 6, 1)::int
        + 3 * substr(bsn, 7, 1)::int + 2 * substr(bsn, 8, 1)::int - substr(bsn, 9, 1)::int
    ) % 11 = 0 AND bsn <> '000000000'
);

CREATE FUNCTION pipversie_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'vastgesteld' THEN
        RAISE EXCEPTION 'PIP-versie % is vastgesteld en kan niet worden gewijzigd', OLD.uuid
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER pipversie_immutable BEFORE UPDATE OR DELETE ON cases_pipversie
    FOR EACH ROW EXECUTE FUNCTION pipversie_immutable();

CREATE FUNCTION doel_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    versie_id bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.versie_id ELSE OLD.versie_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM cases_pipversie v WHERE v.id = versie_id AND v.status = 'vastgesteld') THEN
        RAISE EXCEPTION 'de doelen van een vastgestelde PIP-versie kunnen niet worden gewijzigd'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER doel_immutable BEFORE INSERT OR UPDATE OR DELETE ON cases_doel
    FOR EACH ROW EXECUTE FUNCTION doel_immutable();

-- An action's progress (status) is tracked during execution; what was agreed is not changed.
CREATE FUNCTION actie_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doel_id bigint := CASE WHEN TG_OP = 'INSERT' THEN NEW.doel_id ELSE OLD.doel_id END;
BEGIN
    IF EXISTS (
        SELECT 1 FROM cases_doel d JOIN cases_pipversie v ON v.id = d.versie_id
        WHERE d.id = doel_id AND v.status = 'vastgesteld'
    ) AND (
        TG_OP <> 'UPDATE'
        OR (NEW.omschrijving, NEW.eigenaar, NEW.ketenpartner_id, NEW.deadline, NEW.doel_id)
           IS DISTINCT FROM (OLD.omschrijving, OLD.eigenaar, OLD.ketenpartner_id, OLD.deadline, OLD.doel_id)
    ) THEN
        RAISE EXCEPTION 'de afspraken van een vastgestelde PIP-versie kunnen niet worden gewijzigd'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER actie_immutable BEFORE INSERT OR UPDATE OR DELETE ON cases_actie
    FOR EACH ROW EXECUTE FUNCTION actie_immutable();
"""

REVERSE = """
DROP TRIGGER IF EXISTS actie_immutable ON cases_actie;
DROP FUNCTION IF EXISTS actie_immutable();
DROP TRIGGER IF EXISTS doel_immutable ON cases_doel;
DROP FUNCTION IF EXISTS doel_immutable();
DROP TRIGGER IF EXISTS pipversie_immutable ON cases_pipversie;
DROP FUNCTION IF EXISTS pipversie_immutable();
ALTER TABLE cases_statushouder DROP CONSTRAINT IF EXISTS statushouder_bsn_elfproef;
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
