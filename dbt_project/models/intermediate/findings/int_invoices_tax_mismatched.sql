{# tax_mismatch: the tax an invoice charges (its tax_amount, else the sum of its lines') differs
   from the sum of its lines' expected tax by more than one minor unit per line. #}

with lines as (

    select * from {{ ref('int_invoice_lines_tax_expected') }}

),

invoices as (

    select
        invoice_id,
        max(invoice_number) as invoice_number,
        max(customer_id) as customer_id,
        max(currency) as currency,
        max(issued_at) as issued_at,
        max(period_start) as period_start,
        max(period_end) as period_end,
        max(tax_rule) as tax_rule,
        max(tax_country) as tax_country,
        max(tax_region) as tax_region,
        max(expected_rate) as expected_rate,
        count(*) as line_count,
        sum(amount) as taxable_amount,
        coalesce(max(invoice_tax_amount), sum(tax_amount), 0) as charged_tax_amount,
        sum(expected_tax_amount) as expected_tax_amount
    from lines
    group by invoice_id

),

final as (

    select
        {{ finding_draft(
            'customer_id', 'invoice_id', 'period_start', 'period_end', 'currency',
            exception_type="'tax_mismatch'",
            natural_key='invoice_id',
            amount_at_risk='abs(charged_tax_amount - expected_tax_amount)',
            fx_date='cast(issued_at as date)',
            details=dbt.concat([
                "'Invoice '", 'coalesce(invoice_number, invoice_id)', "' charges '", money_text('charged_tax_amount', 'currency'),
                "' '", 'currency', "' tax; expected '", money_text('expected_tax_amount', 'currency'),
                "' = '", money_text('taxable_amount', 'currency'), "' x '", text('cast(expected_rate * 100 as decimal(9, 4))'),
                "'% ('", "replace(tax_rule, '_', ' ')", "', '", "coalesce(tax_country, '?')",
                "case when tax_region is null then '' else '-' || tax_region end", "').'"
            ]),
        ) }}
    from invoices
    where abs(charged_tax_amount - expected_tax_amount) > {{ one_minor_unit('currency') }} * line_count

)

select * from final
