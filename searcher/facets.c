/* facets.c - the facet list, from the schema's table. */
#include "facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t nx_facets_all(const nx_field_t **out)
{
    size_t n = 0;
    for (size_t i = 0; i < NX_NFIELDS && n < NX_MAX_FACETS; i++)
        if (nx_fields[i].flags & NX_FIELD_FACET)
            out[n++] = &nx_fields[i];
    return n;
}

void nx_facets_names(const char *sep, char *buf, size_t size)
{
    const nx_field_t *all[NX_MAX_FACETS];
    size_t nf = nx_facets_all(all), used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nf && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? sep : "", all[i]->name);
}

/* tok names the facet called name: "country", "countries", "topics". */
static int names(const char *tok, const char *name)
{
    if (strcasecmp(tok, name) == 0)
        return 1;
    size_t n = strlen(name), t = strlen(tok);
    if (n > 1 && name[n - 1] == 'y') /* country: countries */
        return t == n + 2 && strncasecmp(tok, name, n - 1) == 0 &&
               strcasecmp(tok + n - 1, "ies") == 0;
    return t == n + 1 && strncasecmp(tok, name, n) == 0 && (tok[n] == 's' || tok[n] == 'S');
}

nx_status_t nx_facets_parse(const char *list, const nx_field_t **out, size_t *n,
                            nx_error_t *err)
{
    const nx_field_t *all[NX_MAX_FACETS];
    size_t nf = nx_facets_all(all);
    *n = 0;
    if (!*list || strcmp(list, "all") == 0) {
        for (size_t i = 0; i < nf; i++)
            out[(*n)++] = all[i];
        return NX_OK;
    }
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        return nx_error_set(err, NX_E_NOMEM, "out of memory");
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < nf; i++)
            if (names(tok, all[i]->name))
                break;
        if (i == nf) {
            char names[128];
            nx_facets_names(", ", names, sizeof names);
            nx_error_set(err, NX_E_INVALID, "unknown facet '%s' (use %s)", tok, names);
            free(copy);
            *n = 0;
            return NX_E_INVALID;
        }
        int dup = 0;
        for (size_t k = 0; k < *n; k++)
            dup |= out[k] == all[i];
        if (!dup)
            out[(*n)++] = all[i];
    }
    free(copy);
    return NX_OK;
}

int nx_facets_is_list(const char *s)
{
    const nx_field_t *chosen[NX_MAX_FACETS];
    size_t n;
    if (strcmp(s, "all") == 0 || strchr(s, ','))
        return 1;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == ','))
            return 0;
    return nx_facets_parse(s, chosen, &n, NULL) == NX_OK;
}

void nx_facets_specs(const nx_field_t *const *f, size_t n, xap_facet_spec_t *specs)
{
    for (size_t i = 0; i < n; i++) {
        specs[i].slot = (unsigned)f[i]->slot;
        specs[i].sep = (f[i]->flags & NX_FIELD_MULTI) ? NX_LIST_SEP : 0;
    }
}
