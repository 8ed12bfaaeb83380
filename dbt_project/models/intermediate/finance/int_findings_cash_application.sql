{# The cash-application queue rows: ids, owner, reporting amount and severity added in one place. #}
{{ findings_queue([
    'int_cash_application_issues_drafted',
    'int_payouts_unreceived',
    'int_payout_amounts_mismatched',
], category='cash_application') }}
