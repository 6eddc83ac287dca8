// Types of the generated standalone validator beside this file.
import type { ValidateFunction } from "ajv";

declare const validate: ValidateFunction;
export default validate;
