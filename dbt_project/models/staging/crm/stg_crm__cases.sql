with source as (

    select * from {{ source('crm', 'cases') }}

),

final as (

    select
        case_id,
        account_id,
        category,
        {{ to_timestamp('opened_at') }} as opened_at,
        {{ to_timestamp('closed_at') }} as closed_at,
        {{ to_integer('contacts_to_resolve') }} as contacts_to_resolve,
        _source_file,
        _line_number
    from source

)

select * from final
