{# The cash-application queue rows: ids, owner, reporting amount and severity added in one place. #}
{{ findings_queue(['int_cash_application_issues_drafted'], category='cash_application') }}
