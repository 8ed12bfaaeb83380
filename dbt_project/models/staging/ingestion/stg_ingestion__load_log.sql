with source as (

    select * from {{ source('ingestion', 'load_log') }}

),

final as (

    select
        table_name,
        source_file,
        file_hash,
        {{ to_integer('rows_read') }} as rows_read,
        {{ to_integer('rows_loaded') }} as rows_loaded,
        {{ to_integer('rows_duplicate') }} as rows_duplicate,
        {{ to_integer('rows_quarantined') }} as rows_quarantined,
        cast(file_modified_ns as {{ dbt.type_bigint() }}) as file_modified_ns
    from source

)

select * from final
