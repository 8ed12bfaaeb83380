{# The collections queue rows, with the dunning stage: ids, owner, reporting amount added in one place. #}
{{ findings_queue(['int_collections_issues_drafted'], category='collections') }}
