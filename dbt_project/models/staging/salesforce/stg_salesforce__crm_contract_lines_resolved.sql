{# The lines of won opportunities (OpportunityLineItem) as crm.contract_lines, each with the reason
   it cannot be mapped. product_code: the line's ProductCode, else its product's, else the
   Product2 id. Charge type: the custom field, else the product's Salesforce CPQ charge type
   (SBQQ__ChargeType__c: Recurring, Usage, One-Time), else recurring. UnitPrice is the sales price
   per unit before the line's Discount (percent), read as per unit per month, as the contract's.
   An opportunity with an activated order (stg_salesforce__crm_order_lines) is billed from the
   order: every item of its activated orders is a line instead (the items of several orders add
   up), as is every item of an order that is a contract of its own. An item's product code is its
   product's, else the Product2 id; its charge type the field, else the item's CPQ charge type,
   else the product's; OrderItem has no Discount: its UnitPrice is the price sold at (0%). #}
with order_lines as (

    select * from {{ ref('stg_salesforce__crm_order_lines') }}

),

superseded as (

    select distinct opportunity_id from order_lines
    where opportunity_id is not null and _order_reject_reason is null

),

opportunity_lines as (

    select
        lines.opportunity_line_item_id as contract_line_id,
        lines.opportunity_id as contract_id,
        coalesce(lines.product_code, products.product_code, lines.product_2_id) as product_code,
        lines.quantity,
        lines.unit_price,
        lines.discount_pct,
        lines.field_charge_type,
        {{ crm_charge_type('products.cpq_charge_type') }} as fallback_charge_type,
        cast(null as {{ dbt.type_string() }}) as _order_reject_reason,
        false as starts_mid_term,
        lines._source_file,
        lines._line_number
    from {{ ref('stg_salesforce__opportunity_line_item') }} as lines
    inner join {{ ref('stg_salesforce__opportunity') }} as opportunities
        on lines.opportunity_id = opportunities.opportunity_id
    left join {{ ref('stg_salesforce__product_2') }} as products
        on lines.product_2_id = products.product_2_id
    where coalesce(opportunities.is_won, opportunities.stage_name = 'Closed Won', false)
        and lines.opportunity_id not in (select opportunity_id from superseded)

),

item_lines as (

    select
        order_item_id as contract_line_id,
        contract_id,
        coalesce(product_code, product_2_id) as product_code,
        quantity,
        unit_price,
        cast(0 as decimal(18, 4)) as discount_pct,
        field_charge_type,
        cpq_charge_type as fallback_charge_type,
        _order_reject_reason,
        coalesce(starts_mid_term, false) as starts_mid_term,
        _source_file,
        _line_number
    from order_lines

),

candidates as (

    select * from opportunity_lines
    union all
    select * from item_lines

),

final as (

    {{ crm_contract_lines_resolved('candidates', checks=[
        ("_order_reject_reason is not null", "_order_reject_reason"),
        ("starts_mid_term", "'service_date: starts after its contract''s first items (contract lines carry no dates)'"),
    ]) }}

)

select * from final
