# fpu_save(struct fpstate *s), fpu_restore(struct fpstate *s): a
# process's floating-point registers to and from memory (arch/fpu.h says
# when). sstatus.FS must not be Off. The kernel is built without the F
# and D extensions; these two functions alone use them.

        .option push
        .option arch, +d

#define EACH(op) \
        op f0, 0(a0);    op f1, 8(a0);    op f2, 16(a0);   op f3, 24(a0);  \
        op f4, 32(a0);   op f5, 40(a0);   op f6, 48(a0);   op f7, 56(a0);  \
        op f8, 64(a0);   op f9, 72(a0);   op f10, 80(a0);  op f11, 88(a0); \
        op f12, 96(a0);  op f13, 104(a0); op f14, 112(a0); op f15, 120(a0); \
        op f16, 128(a0); op f17, 136(a0); op f18, 144(a0); op f19, 152(a0); \
        op f20, 160(a0); op f21, 168(a0); op f22, 176(a0); op f23, 184(a0); \
        op f24, 192(a0); op f25, 200(a0); op f26, 208(a0); op f27, 216(a0); \
        op f28, 224(a0); op f29, 232(a0); op f30, 240(a0); op f31, 248(a0)

        .globl fpu_save
fpu_save:
        EACH(fsd)
        frcsr t0
        sd t0, 256(a0)
        ret

        .globl fpu_restore
fpu_restore:
        EACH(fld)
        ld t0, 256(a0)
        fscsr t0
        ret

        .option pop
