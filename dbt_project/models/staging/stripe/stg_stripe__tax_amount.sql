{# Tax amounts, one row per tax an object carries (Fivetran's `tax_amount`, Stripe's `tax_amounts`):
   `type` names the object (an invoice line: `invoice_line_item`, Fivetran's table name, or
   `line_item`, Stripe's object name), `type_id` its id. `amount` is in the object's currency's minor
   units; `inclusive` says the tax is inside the object's amount (a tax-inclusive price) rather than
   added to it. An absent table is empty: lines then carry no tax of their own. #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'tax_amount'), key=[adapter.quote('index'), 'type', 'type_id']) }}

),

final as (

    select
        {{ to_integer(adapter.quote('index')) }} as tax_amount_index,
        lower(type) as taxed_type,
        type_id as taxed_id,
        tax_rate_id,
        taxability_reason,
        {{ minor_units_decimal('amount') }} as amount_minor,
        {{ minor_units_decimal('taxable_amount') }} as taxable_amount_minor,
        {{ to_boolean('inclusive') }} as is_inclusive,
        _source_file,
        _line_number
    from current_rows

)

select * from final
