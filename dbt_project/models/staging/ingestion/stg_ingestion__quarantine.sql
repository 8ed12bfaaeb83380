with source as (

    select * from {{ source('ingestion', 'quarantine') }}

),

final as (

    select
        table_name,
        source_file,
        {{ to_integer('line_number') }} as line_number,
        reason,
        raw
    from source

)

select * from final
