/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoders: each turns the neutral model into one table layout of
 * include/linux/paraminfo_format.h. They share a growable byte buffer, a
 * deduplicating string section and the step that puts header and sections
 * together; emit.c writes the result as GNU as source or as raw bytes.
 */
#ifndef PI_ENCODE_H
#define PI_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "util.h"

struct pi_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

struct pi_strtab {
	struct pi_buf buf;
	struct pi_map offs;	/* interned string -> offset + 1 */
};

struct pi_encoder {
	const char *name;
	uint16_t encoding;	/* enum paraminfo_encoding */
	void (*encode)(const struct pi_model *m, struct pi_buf *out);
};

void pi_buf_put(struct pi_buf *b, const void *p, size_t n);
void pi_buf_free(struct pi_buf *b);
uint32_t pi_strtab_add(struct pi_strtab *st, const char *interned);
void pi_strtab_free(struct pi_strtab *st);
uint32_t pi_text_off(const struct pi_model *m, uint64_t addr);
void pi_table_assemble(struct pi_buf *out, uint16_t encoding,
		       const struct pi_model *m, struct pi_buf *sects,
		       unsigned int nsects);
const struct pi_encoder *pi_encoder_find(const char *name);
void pi_emit(const struct pi_buf *table, const char *format,
	     const char *path, const char *encoding, bool module);

void pi_put_uleb(struct pi_buf *b, uint64_t v);
int pi_put_proto_begin(struct pi_buf *b, const struct pi_target *t,
		       const struct pi_func *f, bool compact);
void pi_put_proto_param(struct pi_buf *b, const struct pi_param *p,
			uint32_t name_id, uint32_t type_id, int explicit,
			bool compact);
void pi_check_loc(const struct pi_param *p, const struct pi_loc *l);
void pi_put_locs(struct pi_buf *b, const struct pi_param *p, uint64_t fsize);
void pi_unwind_encode(const struct pi_model *m, struct pi_buf *out);

extern const struct pi_encoder pi_encoder_flat;
extern const struct pi_encoder pi_encoder_pool;
extern const struct pi_encoder pi_encoder_delta;

#endif /* PI_ENCODE_H */
