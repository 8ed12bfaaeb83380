{# The live products of activated orders (Salesforce CPQ and Salesforce Billing bill from activated
   orders), each with the contract it belongs to: an order of a won opportunity restates that
   opportunity (its items supersede the opportunity's line items: stg_salesforce__crm_contract_lines_resolved),
   an order with no opportunity (made from a Contract record or on the account) is a contract of
   its own, keyed by the order id. An order is read through its items: one without a live item
   changes nothing. _order_reject_reason says why an item belongs to no contract: its order's
   opportunity is not won (lost, open, deleted or not in the landing), or it is a reduction order
   (billops does not net one against the order it reduces). #}
with orders as (

    select * from {{ ref('stg_salesforce__order') }}
    where is_activated

),

won_opportunities as (

    select opportunity_id from {{ ref('stg_salesforce__opportunity') }}
    where coalesce(is_won, stage_name = 'Closed Won', false)

),

items as (

    select
        items.order_item_id,
        items.order_id,
        coalesce(orders.opportunity_id, orders.order_id) as contract_id,
        orders.opportunity_id,
        items.product_2_id,
        products.product_code,
        items.quantity,
        items.unit_price,
        items.service_date,
        items.field_charge_type,
        coalesce({{ crm_charge_type('items.cpq_charge_type') }},
                 {{ crm_charge_type('products.cpq_charge_type') }}) as cpq_charge_type,
        coalesce(items.cpq_billing_frequency, products.cpq_billing_frequency) as billing_frequency,
        items.cpq_subscription_term_months,
        case
            when coalesce(orders.is_reduction_order, false)
                then 'order ' || orders.order_id || ': a reduction order (not netted against the order it reduces)'
            when orders.opportunity_id is not null and won_opportunities.opportunity_id is null
                then 'order ' || orders.order_id || ': its opportunity ' || orders.opportunity_id
                     || ' is not a won opportunity in the landing'
        end as _order_reject_reason,
        items._source_file,
        items._line_number
    from {{ ref('stg_salesforce__order_item') }} as items
    inner join orders
        on items.order_id = orders.order_id
    left join won_opportunities
        on orders.opportunity_id = won_opportunities.opportunity_id
    left join {{ ref('stg_salesforce__product_2') }} as products
        on items.product_2_id = products.product_2_id

),

{# Contract lines carry no dates (crm.contract_lines): an item is expected over its contract's whole
   term, so one that starts after the contract's first items (a later ramp segment, a mid-term
   amendment) cannot be expected from its date and is left out with the reason. #}
final as (

    select
        *,
        service_date > min(case when _order_reject_reason is null then service_date end)
            over (partition by contract_id) as starts_mid_term
    from items

)

select * from final
