with source as (

    select * from {{ source('reference', 'fx_rates') }}

),

final as (

    select
        {{ to_date('rate_date') }} as rate_date,
        currency,
        {{ rate('rate_to_reporting') }} as rate_to_reporting,
        _source_file,
        _line_number
    from source

)

select * from final
