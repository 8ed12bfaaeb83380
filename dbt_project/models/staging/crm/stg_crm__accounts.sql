with source as (

    select * from {{ source('crm', 'accounts') }}

),

final as (

    select
        account_id,
        account_name,
        segment,
        billing_country,
        billing_region,
        owner_email,
        {{ to_timestamp('created_at') }} as created_at,
        _source_file,
        _line_number
    from source

)

select * from final
