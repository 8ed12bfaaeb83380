{# Cash-application finding drafts from the matcher's output: unapplied_cash for every customer payment
   on the bank statement (value date on or before as_of) with money left after its auto-applied
   or confirmed allocations, and match_review for every suggestion below the auto-apply confidence. A credit is
   a customer payment when the matcher found an invoice for it or its payer is a billing customer
   or CRM account by name: processor payouts, interest and vendor refunds are neither. A line that
   received a processor payout (int_payouts_matched) is explained by the payout, and one the matcher
   ruled no customer's (rule non_customer: a refund of ours returned in the customer's name, which
   the bank file's return code tells) is not one: neither. #}
with bank_lines as (

    select * from {{ ref('stg_bank__statement_lines') }}

),

remittance_matches as (

    select * from {{ ref('int_remittances_matched') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

payout_lines as (

    select bank_txn_id from {{ ref('int_payouts_matched') }}

),

non_customer_lines as (

    select distinct bank_txn_id from remittance_matches where match_rule = 'non_customer'

),

-- The customer of a line with money left is the one of an invoice the matcher tied it to.
lines_with_a_candidate as (

    select
        bank_txn_id,
        min(invoice_id) as candidate_invoice_id
    from remittance_matches
    where invoice_id is not null
    group by bank_txn_id

),

customer_names as (

    select upper(trim(name)) as payer_key from customers where name is not null
    union
    select upper(trim(account_name)) as payer_key from accounts where account_name is not null

),

customer_credits as (

    select
        bank_lines.*,
        lines_with_a_candidate.candidate_invoice_id
    from bank_lines
    left join lines_with_a_candidate
        on lines_with_a_candidate.bank_txn_id = bank_lines.bank_txn_id
    left join customer_names
        on customer_names.payer_key = upper(trim(bank_lines.payer_name))
    left join payout_lines
        on payout_lines.bank_txn_id = bank_lines.bank_txn_id
    left join non_customer_lines
        on non_customer_lines.bank_txn_id = bank_lines.bank_txn_id
    where bank_lines.amount > 0
        and bank_lines.value_date <= {{ as_of_date() }}
        and payout_lines.bank_txn_id is null
        and non_customer_lines.bank_txn_id is null
        and (lines_with_a_candidate.bank_txn_id is not null or customer_names.payer_key is not null)

),

applied_per_line as (

    select
        bank_txn_id,
        sum(allocated_amount) as applied_amount
    from remittance_matches
    where status in ('auto_applied', 'confirmed')
    group by bank_txn_id

),

unapplied_lines as (

    select
        customer_credits.*,
        customer_credits.amount - coalesce(applied_per_line.applied_amount, 0) as unapplied_amount
    from customer_credits
    left join applied_per_line
        on applied_per_line.bank_txn_id = customer_credits.bank_txn_id
    where customer_credits.amount - coalesce(applied_per_line.applied_amount, 0) > 0

),

unapplied_cash as (

    select
        {{ finding_draft(
            exception_type="'unapplied_cash'",
            natural_key='unapplied_lines.bank_txn_id',
            account_id='coalesce(candidate_invoices.account_id, accounts.account_id)',
            customer_id='candidate_invoices.customer_id',
            bank_txn_id='unapplied_lines.bank_txn_id',
            period_start='unapplied_lines.value_date',
            period_end='unapplied_lines.value_date',
            amount_at_risk='unapplied_lines.unapplied_amount',
            currency='unapplied_lines.currency',
            fx_date='unapplied_lines.value_date',
            severity="'medium'",
            details=dbt.concat([
                "'Bank line '", "unapplied_lines.bank_txn_id",
                "' of '", "cast(unapplied_lines.value_date as " ~ dbt.type_string() ~ ")",
                "' from '", "coalesce(unapplied_lines.payer_name, 'an unnamed payer')",
                "' (reference '", "coalesce(unapplied_lines.reference, 'none')",
                "') received '", format_money('unapplied_lines.amount', 'unapplied_lines.currency'),
                "' '", "unapplied_lines.currency",
                "' of which '", format_money('unapplied_lines.unapplied_amount', 'unapplied_lines.currency'),
                "' '", "unapplied_lines.currency", "' is not applied to any invoice.'"
            ]),
        ) }}
    from unapplied_lines
    left join invoices as candidate_invoices
        on candidate_invoices.invoice_id = unapplied_lines.candidate_invoice_id
    left join accounts
        on accounts.account_id = unapplied_lines.account_id

),

match_review as (

    select
        {{ finding_draft(
            exception_type="'match_review'",
            natural_key=dbt.concat(['remittance_matches.bank_txn_id', "'|'", 'remittance_matches.invoice_id']),
            account_id='invoices.account_id',
            customer_id='invoices.customer_id',
            contract_id='invoices.contract_id',
            invoice_id='remittance_matches.invoice_id',
            bank_txn_id='remittance_matches.bank_txn_id',
            period_start='remittance_matches.value_date',
            period_end='remittance_matches.value_date',
            amount_at_risk='remittance_matches.allocated_amount',
            currency='remittance_matches.currency',
            fx_date='cast(invoices.issued_at as date)',
            severity="'low'",
            details=dbt.concat([
                "'Bank line '", "remittance_matches.bank_txn_id",
                "' may pay '", format_money('remittance_matches.allocated_amount', 'remittance_matches.currency'),
                "' '", "remittance_matches.currency",
                "' of invoice '", "coalesce(invoices.invoice_number, remittance_matches.invoice_id)",
                "' (total '", format_money('invoices.total', 'invoices.currency'), "' '", "invoices.currency",
                "'): rule '", "coalesce(remittance_matches.match_rule, 'unknown')",
                "' at confidence '", "cast(round(remittance_matches.confidence, 2) as " ~ dbt.type_string() ~ ")",
                "' is below auto-apply, confirm or reject it.'"
            ]),
        ) }}
    from remittance_matches
    left join invoices
        on invoices.invoice_id = remittance_matches.invoice_id
    left join payout_lines
        on payout_lines.bank_txn_id = remittance_matches.bank_txn_id
    where remittance_matches.status = 'needs_review'
        and remittance_matches.invoice_id is not null
        and payout_lines.bank_txn_id is null
        {# a credit note the suggestion uses up (a negative allocation) is part of its invoices' review #}
        and remittance_matches.allocated_amount >= 0

),

final as (

    select * from unapplied_cash
    union all
    select * from match_review

)

select * from final
