{# Line items with their deal (line_item_deal). The term in months: hs_term_in_months, else
   hs_recurring_billing_period as an ISO 8601 period of months or years (P12M, P1Y). #}
with current_rows as (

    {{ connector_current_rows(source('hubspot', 'line_item'), soft_delete=true) }}

),

deals as (

    {{ connector_current_rows(source('hubspot', 'line_item_deal'), key=['line_item_id', 'deal_id', 'type_id']) }}

),

final as (

    select
        current_rows.id as line_item_id,
        deals.deal_id,
        coalesce(current_rows.property_hs_sku, current_rows.property_hs_product_id, current_rows.product_id)
            as product_code,
        {{ quantity('current_rows.property_quantity') }} as quantity,
        {{ unit_price('current_rows.property_price') }} as unit_price,
        {{ percentage('current_rows.property_hs_discount_percentage') }} as discount_pct,
        current_rows.property_recurringbillingfrequency as recurring_billing_frequency,
        cast({{ to_timestamp('current_rows.property_hs_recurring_billing_start_date') }} as date)
            as billing_start_date,
        coalesce(
            {{ try_cast_text('current_rows.property_hs_term_in_months', dbt.type_int()) }},
            case
                when upper(current_rows.property_hs_recurring_billing_period) like 'P%M'
                    then {{ try_cast_text("regexp_extract(current_rows.property_hs_recurring_billing_period, '^P([0-9]+)M$', 1)", dbt.type_int()) }}
                when upper(current_rows.property_hs_recurring_billing_period) like 'P%Y'
                    then 12 * {{ try_cast_text("regexp_extract(current_rows.property_hs_recurring_billing_period, '^P([0-9]+)Y$', 1)", dbt.type_int()) }}
            end
        ) as term_months,
        {{ crm_field('hubspot', 'charge_type', 'current_rows._extra') }} as field_charge_type,
        current_rows._source_file,
        current_rows._line_number
    from current_rows
    left join deals
        on current_rows.id = deals.line_item_id

)

select * from final
