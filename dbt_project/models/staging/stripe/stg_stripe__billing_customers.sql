{# Stripe customers as billing.customers. The CRM account is customer.metadata[stripe_crm_account_key]
   (default crm_account_id). Stripe's tax_exempt `exempt` is exempt; `none` and `reverse` (reverse
   charge, which the tax rules derive from the country) are not. Autopay: the customer has a
   subscription Stripe charges automatically (collection_method charge_automatically), false when
   every subscription is invoiced (send_invoice), empty without subscriptions. Stripe has no
   per-customer portal flag: portal_enabled is empty. #}
with customers as (

    select * from {{ ref('stg_stripe__customer') }}

),

collection as (

    select
        customer_id,
        max(case when collection_method = 'charge_automatically' then 1 else 0 end) as charged_automatically,
        max(case when collection_method is not null then 1 else 0 end) as any_known
    from {{ ref('stg_stripe__subscription') }}
    group by customer_id

),

final as (

    select
        customers.customer_id,
        {{ metadata_value('customers.metadata', var('stripe_crm_account_key')) }} as crm_account_id,
        customers.name,
        customers.email,
        customers.currency,
        customers.address_country as tax_country,
        customers.address_state as tax_region,
        customers.tax_info_tax_id as tax_id,
        case customers.tax_exempt when 'exempt' then true when 'none' then false when 'reverse' then false end
            as tax_exempt,
        case when collection.any_known = 1 then collection.charged_automatically = 1 end as autopay,
        cast(null as {{ dbt.type_boolean() }}) as portal_enabled,
        customers._source_file,
        customers._line_number
    from customers
    left join collection
        on customers.customer_id = collection.customer_id

)

select * from final
