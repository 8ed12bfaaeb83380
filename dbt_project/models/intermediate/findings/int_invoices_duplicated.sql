{# duplicate_billing: two non-void invoices bill the same recurring period of the same product
   (the contract's scheduled period; for an invoice mapped to no contract, the customer and the
   line's own period). Every invoice after the first one issued is a duplicate. A voided invoice
   never counts, so void-and-reissue is not a finding. #}

with recurring_lines as (

    select
        invoice_id,
        invoice_number,
        issued_at,
        customer_id,
        contract_id,
        currency,
        product_code,
        coalesce(contract_id, {{ dbt.concat(["'customer:'", 'customer_id']) }}) as billed_party,
        coalesce(scheduled_period_start, line_period_start) as period_start,
        coalesce(scheduled_period_end, line_period_end) as period_end
    from {{ ref('int_invoice_lines_periodized') }}
    where charge_type = 'recurring'

),

invoices as (

    select invoice_id, total from {{ ref('stg_billing__invoices') }}

),

ranked as (

    select
        recurring_lines.*,
        first_value(invoice_number) over (
            partition by billed_party, product_code, period_start
            order by issued_at, invoice_id
            rows between unbounded preceding and unbounded following
        ) as first_invoice_number,
        dense_rank() over (
            partition by billed_party, product_code, period_start
            order by issued_at, invoice_id
        ) as issue_rank
    from recurring_lines

),

duplicates as (

    select
        invoice_id,
        max(invoice_number) as invoice_number,
        max(customer_id) as customer_id,
        max(contract_id) as contract_id,
        max(currency) as currency,
        min(period_start) as period_start,
        max(period_end) as period_end,
        max(cast(issued_at as date)) as issue_date,
        min(first_invoice_number) as first_invoice_number
    from ranked
    where issue_rank > 1
    group by invoice_id

),

final as (

    select
        {{ finding_draft(
            exception_type="'duplicate_billing'",
            natural_key='duplicates.invoice_id',
            customer_id='duplicates.customer_id',
            contract_id='duplicates.contract_id',
            invoice_id='duplicates.invoice_id',
            period_start='duplicates.period_start',
            period_end='duplicates.period_end',
            amount_at_risk='invoices.total',
            currency='duplicates.currency',
            fx_date='duplicates.issue_date',
            details=dbt.concat([
                "'Invoice '", 'coalesce(duplicates.invoice_number, duplicates.invoice_id)',
                "' bills '", period_text('duplicates.period_start', 'duplicates.period_end'),
                "' again, already billed on invoice '", "coalesce(duplicates.first_invoice_number, '?')",
                "' (neither is void); its total '", money_text('invoices.total', 'duplicates.currency'),
                "' '", 'duplicates.currency', "' is billed twice.'"
            ]),
        ) }}
    from duplicates
    inner join invoices
        on duplicates.invoice_id = invoices.invoice_id

)

select * from final
