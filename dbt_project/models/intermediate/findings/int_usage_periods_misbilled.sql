{# unbilled_usage / usage_overbilled, per contract, usage product and usage period: usage rated
   from events against the usage lines billed for that period on non-void invoices (whichever
   invoice carries them). unbilled_usage once the period ended more than the grace days before
   as_of and rated exceeds billed (no usage line = 0 billed); usage_overbilled once the period
   ended and billed exceeds rated (no events = 0 rated). Tolerance: one minor unit per line. #}

with periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}
    where period_end < {{ as_of_date() }}

),

usage_products as (

    select distinct contract_id, product_code
    from {{ ref('stg_crm__contract_lines') }}
    where charge_type = 'usage'

),

rated as (

    select * from {{ ref('int_usage_rated') }}
    where is_priced

),

billed as (

    select
        contract_id,
        scheduled_period_start as period_start,
        product_code,
        count(*) as line_count,
        sum(quantity) as billed_quantity,
        sum(amount) as billed_amount,
        max(invoice_id) as invoice_id,
        max(coalesce(invoice_number, invoice_id)) as invoice_number
    from {{ ref('int_invoice_lines_periodized') }}
    where charge_type = 'usage'
        and scheduled_period_start is not null
    group by contract_id, scheduled_period_start, product_code

),

compared as (

    select
        periods.contract_id,
        periods.currency,
        periods.period_start,
        periods.period_end,
        usage_products.product_code,
        coalesce(rated.quantity, 0) as rated_quantity,
        coalesce(rated.rated_amount, 0) as rated_amount,
        coalesce(rated.discount_pct, 0) as discount_pct,
        coalesce(billed.billed_amount, 0) as billed_amount,
        billed.invoice_id,
        billed.invoice_number,
        {{ one_minor_unit('periods.currency') }} * coalesce(billed.line_count, 1) as tolerance
    from periods
    inner join usage_products
        on periods.contract_id = usage_products.contract_id
    left join rated
        on periods.contract_id = rated.contract_id
        and periods.period_start = rated.period_start
        and usage_products.product_code = rated.product_code
    left join billed
        on periods.contract_id = billed.contract_id
        and periods.period_start = billed.period_start
        and usage_products.product_code = billed.product_code

),

mismatched as (

    select
        compared.*,
        case when rated_amount > billed_amount then 'unbilled_usage' else 'usage_overbilled' end as exception_type
    from compared
    where (
            rated_amount - billed_amount > tolerance
            and {{ dbt.datediff('period_end', as_of_date(), 'day') }} > {{ var('invoice_grace_days') }}
        )
        or billed_amount - rated_amount > tolerance

),

final as (

    select
        {{ finding_draft(
            'exception_type', 'contract_id', 'invoice_id', 'period_start', 'period_end', 'currency',
            natural_key=dbt.concat(['contract_id', "'|'", 'product_code', "'|'", text('period_start')]),
            amount_at_risk='abs(rated_amount - billed_amount)',
            fx_date='period_end',
            details=dbt.concat([
                "'Usage of '", 'product_code', "' in '", period_text('period_start', 'period_end'),
                "' on contract '", 'contract_id', "': '", text('cast(rated_quantity as decimal(18, 2))'),
                "' units from events rate to '", money_text('rated_amount', 'currency'), "' '", 'currency',
                "' after a '", text('cast(discount_pct as decimal(9, 2))'), "'% discount; billed '",
                money_text('billed_amount', 'currency'),
                "case when invoice_number is null then ' (no usage line)' else ' on invoice ' || invoice_number end", "'.'"
            ]),
        ) }}
    from mismatched

)

select * from final
