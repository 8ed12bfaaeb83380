{# amount_mismatch / discount_mismatch, per invoice and product: the recurring and one-time lines
   an invoice bills for scheduled contract periods against what the contract expects for those
   periods and that product. A difference above one minor unit per line is a finding; it is a
   discount_mismatch when the list amount (quantity x unit price) is right and only the discount
   differs, otherwise an amount_mismatch. An expected product missing from an invoice that bills
   the period counts as billed 0; a product the contract does not have counts as expected 0. #}

with invoice_lines as (

    select * from {{ ref('int_invoice_lines_periodized') }}
    where charge_type in ('recurring', 'one_time')
        and scheduled_period_start is not null

),

expected_charges as (

    select
        contract_id,
        period_start,
        product_code,
        months_per_period,
        max(quantity) as quantity,
        max(unit_price) as unit_price,
        max(discount_pct) as discount_pct,
        sum(expected_list_amount) as expected_list_amount,
        sum(expected_amount) as expected_amount
    from {{ ref('int_contract_charges_expected') }}
    group by contract_id, period_start, product_code, months_per_period

),

billed as (

    select
        invoice_id,
        product_code,
        count(*) as line_count,
        sum(cast(quantity as decimal(38, 10)) * unit_price) as billed_list_amount,
        sum(amount) as billed_amount
    from invoice_lines
    group by invoice_id, product_code

),

invoices_billing_periods as (

    select distinct invoice_id, contract_id, scheduled_period_start as period_start
    from invoice_lines

),

invoices as (

    select
        invoice_id,
        max(invoice_number) as invoice_number,
        max(issued_at) as issued_at,
        max(currency) as currency,
        max(contract_id) as contract_id,
        min(scheduled_period_start) as period_start,
        max(scheduled_period_end) as period_end
    from invoice_lines
    group by invoice_id

),

{# An invoice normally bills one period; when it bills several, their expectations add up. #}
expected_per_invoice as (

    select
        invoices_billing_periods.invoice_id,
        expected_charges.product_code,
        max(expected_charges.months_per_period) as months_per_period,
        max(expected_charges.quantity) as quantity,
        max(expected_charges.unit_price) as unit_price,
        max(expected_charges.discount_pct) as discount_pct,
        sum(expected_charges.expected_list_amount) as expected_list_amount,
        sum(expected_charges.expected_amount) as expected_amount
    from invoices_billing_periods
    inner join expected_charges
        on invoices_billing_periods.contract_id = expected_charges.contract_id
        and invoices_billing_periods.period_start = expected_charges.period_start
    group by invoices_billing_periods.invoice_id, expected_charges.product_code

),

compared_keys as (

    select invoice_id, product_code from billed
    union
    select invoice_id, product_code from expected_per_invoice

),

compared as (

    select
        compared_keys.invoice_id,
        compared_keys.product_code,
        invoices.contract_id,
        invoices.period_start,
        invoices.period_end,
        invoices.invoice_number,
        invoices.issued_at,
        invoices.currency,
        expected_per_invoice.months_per_period,
        expected_per_invoice.quantity,
        expected_per_invoice.unit_price,
        coalesce(expected_per_invoice.discount_pct, 0) as discount_pct,
        coalesce(expected_per_invoice.expected_list_amount, 0) as expected_list_amount,
        coalesce(expected_per_invoice.expected_amount, 0) as expected_amount,
        coalesce(billed.billed_list_amount, 0) as billed_list_amount,
        coalesce(billed.billed_amount, 0) as billed_amount,
        {{ one_minor_unit('invoices.currency') }} * coalesce(billed.line_count, 1) as tolerance
    from compared_keys
    inner join invoices
        on compared_keys.invoice_id = invoices.invoice_id
    left join billed
        on compared_keys.invoice_id = billed.invoice_id
        and compared_keys.product_code = billed.product_code
    left join expected_per_invoice
        on compared_keys.invoice_id = expected_per_invoice.invoice_id
        and compared_keys.product_code = expected_per_invoice.product_code

),

mismatched as (

    select
        compared.*,
        case
            when abs(billed_list_amount - expected_list_amount) <= tolerance then 'discount_mismatch'
            else 'amount_mismatch'
        end as exception_type
    from compared
    where abs(billed_amount - expected_amount) > tolerance

),

final as (

    select
        {{ finding_draft(
            'exception_type', 'contract_id', 'invoice_id', 'period_start', 'period_end', 'currency',
            natural_key=dbt.concat(['invoice_id', "'|'", 'product_code']),
            amount_at_risk='abs(expected_amount - billed_amount)',
            fx_date='cast(issued_at as date)',
            details=dbt.concat([
                "'Expected '", money_text('expected_amount', 'currency'), "' '", 'currency',
                "' for '", 'product_code', "' in '", period_text('period_start', 'period_end'),
                "' from contract '", 'contract_id',
                "case when quantity is null then ' (not on the contract)' else " ~ dbt.concat([
                    "' ('", text('cast(quantity as decimal(18, 2))'), "' x '", money_text('unit_price', 'currency'),
                    "' x '", text('months_per_period'), "' months, '", text('cast(discount_pct as decimal(9, 2))'), "'% discount)'"]) ~ " end",
                "'; billed '", money_text('billed_amount', 'currency'),
                "' (list '", money_text('billed_list_amount', 'currency'), "' vs '", money_text('expected_list_amount', 'currency'),
                "' expected) on invoice '", 'coalesce(invoice_number, invoice_id)', "'.'"
            ]),
        ) }}
    from mismatched

)

select * from final
