{# The company of each deal: HubSpot's primary association (type_id 5, deal to primary company)
   first, then the lowest company id. #}
with current_rows as (

    {{ connector_current_rows(source('hubspot', 'deal_company'), key=['deal_id', 'company_id', 'type_id']) }}

),

ranked as (

    select
        deal_id,
        company_id,
        row_number() over (
            partition by deal_id order by case when type_id = '5' then 0 else 1 end, company_id
        ) as company_rank
    from current_rows

),

final as (

    select deal_id, company_id
    from ranked
    where company_rank = 1

)

select * from final
