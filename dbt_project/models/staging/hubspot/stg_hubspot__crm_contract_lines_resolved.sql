{# The line items of closed-won deals as crm.contract_lines, each with the reason it cannot be
   mapped. product_code: hs_sku, else the product id. Charge type: the custom property, else
   recurring when the line has a recurringbillingfrequency, else one_time. price is the unit price
   before hs_discount_percentage, read as per unit per month, as the contract's. #}
with candidates as (

    select
        lines.line_item_id as contract_line_id,
        lines.deal_id as contract_id,
        lines.product_code,
        lines.quantity,
        lines.unit_price,
        lines.discount_pct,
        lines.field_charge_type,
        case when lines.recurring_billing_frequency is not null then 'recurring' else 'one_time' end
            as fallback_charge_type,
        lines._source_file,
        lines._line_number
    from {{ ref('stg_hubspot__line_item') }} as lines
    inner join {{ ref('stg_hubspot__crm_contracts_resolved') }} as contracts
        on lines.deal_id = contracts.contract_id

),

final as (

    {{ crm_contract_lines_resolved('candidates') }}

)

select * from final
