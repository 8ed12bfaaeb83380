{# One row per CRM account: its segment and owner are what the dashboard filters and routes by. #}
with accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

final as (

    select
        account_id,
        account_name,
        segment,
        owner_email,
        billing_country,
        billing_region,
        created_at
    from accounts

)

select * from final
