{# The lines of won opportunities (OpportunityLineItem) as crm.contract_lines, each with the reason
   it cannot be mapped. product_code: the line's ProductCode, else its product's, else the
   Product2 id. Charge type: the custom field, else the product's Salesforce CPQ charge type
   (SBQQ__ChargeType__c: Recurring, Usage, One-Time), else recurring. UnitPrice is the sales price
   per unit before the line's Discount (percent), read as per unit per month, as the contract's. #}
with lines as (

    select * from {{ ref('stg_salesforce__opportunity_line_item') }}

),

candidates as (

    select
        lines.opportunity_line_item_id as contract_line_id,
        lines.opportunity_id as contract_id,
        coalesce(lines.product_code, products.product_code, lines.product_2_id) as product_code,
        lines.quantity,
        lines.unit_price,
        lines.discount_pct,
        lines.field_charge_type,
        {{ crm_charge_type('products.cpq_charge_type') }} as fallback_charge_type,
        lines._source_file,
        lines._line_number
    from lines
    inner join {{ ref('stg_salesforce__opportunity') }} as opportunities
        on lines.opportunity_id = opportunities.opportunity_id
    left join {{ ref('stg_salesforce__product_2') }} as products
        on lines.product_2_id = products.product_2_id
    where coalesce(opportunities.is_won, opportunities.stage_name = 'Closed Won', false)

),

final as (

    {{ crm_contract_lines_resolved('candidates') }}

)

select * from final
